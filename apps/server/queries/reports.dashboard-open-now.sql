-- params: [2]
select "s"."assignee_id" as "group", coalesce(sum(s.open), 0)::float8 as "n"
from "report_open" as "s"
where "s"."grain" = $1 and 1 = 1
group by 1;
