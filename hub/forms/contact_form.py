"""A contact person as the forms read one: role, name, phone and the hours one can call,
e-mail, web page – at least one way to reach them (phone, e-mail or web).

The entry form's contact fields and a site's contact persons (Ansprechpersonen, also
read from spreadsheets) use the same fields: `contact_role`, `contact_name`,
`contact_phone`, `contact_phone_hours`, `contact_email`, `contact_web`.
"""

from __future__ import annotations

from typing import Any

from hub.forms.fields import (
    FieldError,
    FormState,
    check_email,
    limited,
    normalise_phone,
    normalise_web,
)
from hub.messages import msg

FIELDS = {"role": 120, "name": 120, "phone_hours": 120}


def parse_contact(state: FormState) -> dict | None:
    """The feed's contact object of the contact_* fields; errors go into `state`."""
    contact: dict[str, Any] = {}
    for key, maximum in FIELDS.items():
        try:
            contact[key] = limited(state.get(f"contact_{key}"), maximum)
        except FieldError as exc:
            state.error(f"contact_{key}", str(exc))
    for key, reader in (("phone", normalise_phone), ("email", check_email),
                        ("web", normalise_web)):
        name = f"contact_{key}"
        try:
            contact[key] = reader(state.get(name))
        except FieldError as exc:
            state.error(name, str(exc))
            contact[key] = "invalid"
    if not any(contact.get(k) for k in ("phone", "email", "web")):
        state.error("contact_phone", msg("contact_missing"))
    contact = {k: v for k, v in contact.items() if v is not None}
    return contact or None


def contact_words(contact: dict) -> str:
    """ "Büro (Frau Berger), 069 90009 100" – how a contact is offered for choosing."""
    who = " ".join(p for p in (contact.get("role"), f"({contact['name']})"
                               if contact.get("name") and contact.get("role")
                               else contact.get("name")) if p)
    reach = contact.get("phone") or contact.get("email") or contact.get("web") or ""
    return ", ".join(p for p in (who, reach) if p)
