-- params: ["00000000-0000-4000-8000-000000000003",false]
select "e"."id", "e"."type", "e"."field", "e"."from_value", "e"."to_value", "e"."created_at", "e"."actor_id", "u"."name" as "actor_name"
from "ticket_events" as "e"
left join "users" as "u" on "u"."id" = "e"."actor_id"
where "e"."ticket_id" = $1 and coalesce((e.data ->> 'isInternal')::boolean, false) = $2
order by "e"."seq";
