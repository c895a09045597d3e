-- params: ["2026-11-01T00:00:00.000Z","2026-11-25T03:00:00.000Z"]
select null::text as "group", percentile_cont(0.5) within group (order by "t"."resolution_minutes") as "median"
from "tickets" as "t"
where "t"."resolved_at" >= $1 and "t"."resolved_at" < $2 and "t"."resolution_minutes" is not null and 1 = 1
group by 1;
