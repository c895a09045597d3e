-- params: ["2026-11-25T03:00:00.000Z","2026-11-25T03:00:00.000Z","2026-11-25T03:00:00.000Z","OPEN","IN_PROGRESS","ON_HOLD","2026-11-25T03:00:00.000Z"]
select "t"."assigned_to", "a"."name" as "assignee_name", "t"."priority_id", "p"."name" as "priority_name", "p"."level" as "priority_level", "p"."color" as "priority_color", count(*) filter (where coalesce(t.sla_at_risk_at, t.sla_deadline) <= coalesce(t.on_hold_since, $1) and t.sla_deadline > coalesce(t.on_hold_since, $2)) as "at_risk", count(*) filter (where t.sla_deadline <= coalesce(t.on_hold_since, $3)) as "breached"
from "tickets" as "t"
inner join "priorities" as "p" on "p"."id" = "t"."priority_id"
left join "users" as "a" on "a"."id" = "t"."assigned_to"
where "t"."status" in ($4, $5, $6) and "t"."sla_deadline" is not null and coalesce(t.sla_at_risk_at, t.sla_deadline) <= coalesce(t.on_hold_since, $7)
group by "t"."assigned_to", "a"."name", "t"."priority_id", "p"."name", "p"."level", "p"."color";
