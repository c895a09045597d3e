-- params: ["2026-11-25T03:00:00.000Z","OPEN","IN_PROGRESS","ON_HOLD",200]
select "id", "user_id", "assigned_to", "priority_id", "status", "sla_deadline", "sla_at_risk_at", "first_response_due_at"
from "tickets"
where "sla_next_check_at" <= $1 and "sla_next_check_at" is not null and "status" in ($2, $3, $4)
order by "sla_next_check_at"
limit $5 for no key update skip locked;
