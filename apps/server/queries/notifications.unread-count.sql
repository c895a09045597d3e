-- params: ["00000000-0000-4000-8000-000000000001",true]
select count(*) as "n"
from "notifications"
where "user_id" = $1 and "read_at" is null and "in_app" = $2;
