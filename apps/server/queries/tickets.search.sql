-- params: ["2026-11-25T03:00:00.000Z","2026-11-25T03:00:00.000Z",1000,"printer & lantai & 3",26,26,"printer & lantai & 3",26,26,"printer & lantai & 3",26,26]
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
where t.id in ((with probe_0 as materialized (select "t"."id"
from (select "t"."id", "t"."created_at", "t"."updated_at", "t"."ticket_number", "t"."search"
from "tickets" as "t"
order by "t"."created_at" desc, "t"."id" desc
limit $3) as "t"
where t.search @@ to_tsquery('simple', $4)
order by "t"."created_at" desc, "t"."id" desc
limit $5)
select probe_0.id
from probe_0
where (select count(*)
from probe_0) = $6
union all
select s.id
from (select "t"."id"
from "tickets" as "t"
where t.search @@ to_tsquery('simple', $7)
order by "t"."created_at" desc, "t"."id" desc
limit $8) as s
where (select count(*)
from probe_0) < $9)
union all (select "t"."id"
from "tickets" as "t"
where exists (select 1 as "one"
from "ticket_comments" as "tc"
where "tc"."ticket_id" = "t"."id" and tc.search @@ to_tsquery('simple', $10))
order by "t"."created_at" desc, "t"."id" desc
limit $11))
order by "t"."created_at" desc, "t"."id" desc
limit $12;
