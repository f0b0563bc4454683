"""Who may change which OKR: admins any; editors the objectives they own or of the areas they edit (rumbo.accounts.access)."""

from rumbo.accounts import access


def can_edit_objective(membership, objective) -> bool:
    return access.can_edit_owned(membership, area=objective.area, owner_id=objective.owner_id)


def can_check_in(membership, key_result) -> bool:
    return can_edit_objective(membership, key_result.objective)
