"""Who may change which OKR: admins any; editors the objectives they own or of the areas they edit."""

from rumbo.accounts.models import Role


def can_edit_objective(membership, objective) -> bool:
    if membership.role == Role.ADMIN:
        return True
    if membership.role != Role.EDITOR:
        return False
    return objective.owner_id == membership.user_id or membership.can_edit_area(objective.area)


def can_check_in(membership, key_result) -> bool:
    return can_edit_objective(membership, key_result.objective)
