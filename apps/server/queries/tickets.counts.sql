-- params: ["00000000-0000-4000-8000-000000000002","2026-11-25T03:00:00.000Z","OPEN","IN_PROGRESS","ON_HOLD"]
select count(*) filter (where t.assigned_to is null) as "unassigned", count(*) filter (where t.assigned_to = $1) as "mine", count(*) filter (where t.status = 'OPEN') as "open", count(*) filter (where t.status = 'ON_HOLD') as "on_hold", count(*) filter (where t.sla_deadline <= coalesce(t.on_hold_since, $2)) as "overdue"
from "tickets" as "t"
where "t"."status" in ($3, $4, $5);
