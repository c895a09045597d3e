-- params: ["00000000-0000-4000-8000-000000000003",false]
select "c"."id", "c"."ticket_id", "c"."comment", "c"."is_internal", "c"."created_at", "u"."id" as "author_id", "u"."name" as "author_name", "u"."role" as "author_role"
from "ticket_comments" as "c"
inner join "users" as "u" on "u"."id" = "c"."user_id"
where "c"."ticket_id" = $1 and "c"."is_internal" = $2
order by "c"."created_at", "c"."id";
