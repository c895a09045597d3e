-- params: ["failed",51]
select *
from (select "d"."id", d.channel as "channel", "d"."status", "d"."attempts", "d"."last_error", "d"."created_at", "d"."sent_at", n.kind as "kind", n.data->>'ticketNumber' as "ticket_number", "u"."id" as "user_id", "u"."name", "u"."email"
from "notification_deliveries" as "d"
inner join "notifications" as "n" on "n"."id" = "d"."notification_id"
inner join "users" as "u" on "u"."id" = "d"."user_id"
union all
select "g"."id", 'digest' as "channel", "g"."status", "g"."attempts", "g"."last_error", "g"."created_at", "g"."sent_at", 'digest' as "kind", null as "ticket_number", "u"."id" as "user_id", "u"."name", "u"."email"
from "notification_digests" as "g"
inner join "users" as "u" on "u"."id" = "g"."user_id") as "x"
where "x"."status" = $1
order by "x"."created_at" desc, "x"."id" desc
limit $2;
