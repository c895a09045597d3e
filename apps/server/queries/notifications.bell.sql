-- params: ["00000000-0000-4000-8000-000000000001",true,21]
select "n"."id", "n"."kind", "n"."ticket_id", "n"."data", "n"."read_at", "n"."created_at", "n"."digest_at", "g"."sent_at"
from "notifications" as "n"
left join "notification_digests" as "g" on "g"."id" = "n"."digest_id"
where "n"."user_id" = $1 and "n"."in_app" = $2
order by "n"."created_at" desc, "n"."id" desc
limit $3;
