-- params: [100]
select "id", "topic", "ticket_id", "actor_id", "payload", "base_url"
from "outbox_events"
where "processed_at" is null
order by "id"
limit $1
for update skip locked;
