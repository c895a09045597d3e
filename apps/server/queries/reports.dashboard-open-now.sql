-- params: ["OPEN","IN_PROGRESS","ON_HOLD"]
select "t"."assigned_to" as "group", count(*)::float8 as "n"
from "tickets" as "t"
where "t"."status" in ($1, $2, $3) and 1 = 1
group by 1;
