-- params: ["2026-11-25T03:00:00.000Z","2026-11-25T03:00:00.000Z"]
select "t"."id", "t"."ticket_number", "t"."title", "t"."status", "t"."user_id", "t"."assigned_to", "t"."category_id", "t"."priority_id", "t"."sla_deadline", "t"."resolved_at", "t"."closed_at", "t"."created_at", "t"."updated_at", "t"."version", "t"."priority_level", (select r.name
from users as r
where r.id = t.user_id) as "requester_name", (select a.name
from users as a
where a.id = t.assigned_to) as "assignee_name", (select c.name
from categories as c
where c.id = t.category_id) as "category_name", "p"."name" as "priority_name", "p"."level" as "priority_level_current", "p"."color" as "priority_color", case
    when t.status in ('RESOLVED', 'CLOSED') then
      case when t.resolved_at is null or t.sla_deadline is null then 'none'
           when t.resolved_at <= t.sla_deadline then 'met' else 'missed' end
    when t.sla_deadline is null then 'none'
    when t.sla_deadline <= coalesce(t.on_hold_since, $1) then 'breached'
    when coalesce(t.sla_at_risk_at, t.sla_deadline) <= coalesce(t.on_hold_since, $2) then 'at_risk'
    else 'on_track' end as "sla_state"
from "tickets" as "t"
inner join "priorities" as "p" on "p"."id" = "t"."priority_id"
where "t"."status" in ('OPEN', 'IN_PROGRESS', 'ON_HOLD')
order by coalesce(t.sla_deadline, 'infinity'::timestamptz) asc, "t"."id" asc
limit 26;
