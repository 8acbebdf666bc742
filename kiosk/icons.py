"""Icon names → code points in assets/fonts/icons.ttf (a renamed subset of Font Awesome
Free 6.6.0 solid, SIL OFL 1.1; see assets/fonts/LICENSE-icons.txt)."""

ICONS = {
    "today": "\uf783",  # calendar-day
    "week": "\uf784",  # calendar-week
    "treffen": "\ue533",  # people-group
    "hilfe": "\uf4be",  # hand-holding-heart
    "mitmachen": "\uf256",  # hand
    "category": "\uf005",  # star
    "home": "\uf015",  # house
    "back": "\uf060",  # arrow-left
    "speaker": "\uf028",  # volume-high
    "stop": "\uf04d",  # stop
    "textsize": "\uf034",  # text-height
    "contrast": "\uf042",  # circle-half-stroke
    "speed": "\uf624",  # gauge
    "louder": "\uf2a2",  # ear-listen
    "calendar": "\uf133",  # calendar
    "clock": "\uf017",  # clock
    "location": "\uf3c5",  # location-dot
    "bus": "\uf207",  # bus
    "wheelchair": "\uf193",  # wheelchair
    "step_free": "\uf193",  # wheelchair
    "steps": "\ue289",  # stairs
    "ramp": "\ue2ce",  # wheelchair-move
    "elevator": "\ue16d",  # elevator
    "no_elevator": "\ue16d",  # elevator
    "door": "\uf52b",  # door-open
    "wc": "\uf7bd",  # restroom
    "no_wc": "\uf7bd",  # restroom
    "hearing_loop": "\uf2a2",  # ear-listen
    "parking": "\uf540",  # square-parking
    "surface": "\uf018",  # road
    "note": "\uf05a",  # circle-info
    "checked": "\uf46c",  # clipboard-check
    "euro": "\uf153",  # euro-sign
    "clipboard": "\uf46d",  # clipboard-list
    "bag": "\uf290",  # bag-shopping
    "people": "\uf0c0",  # users
    "phone": "\uf095",  # phone
    "mail": "\uf0e0",  # envelope
    "organizer": "\uf1ad",  # building
    "qrcode": "\uf029",  # qrcode
    "mobile": "\uf3cf",  # mobile-screen
    "next": "\uf061",  # arrow-right
    "prev": "\uf060",  # arrow-left
    "check": "\uf00c",  # check
    "warning": "\uf071",  # triangle-exclamation
    "cancelled": "\uf05e",  # ban
    "full": "\uf057",  # circle-xmark
    "touch": "\uf25a",  # hand-pointer
    "map": "\uf5a0",  # map-location-dot
    "again": "\uf2ea",  # rotate-left
    "open": "\uf52b",  # door-open
    "closed": "\uf52a",  # door-closed
    "moved": "\uf0ec",  # arrow-right-arrow-left
    "web": "\uf0ac",  # globe
    "vcard": "\uf2bb",  # address-card
    "calendar_plus": "\uf271",  # calendar-plus
    "info": "\uf05a",  # circle-info
    "question": "\uf059",  # circle-question
    "poll": "\uf681",  # square-poll-vertical
}


def icon(name: str) -> str:
    """The glyph of an icon; unknown names fall back to the info sign."""
    return ICONS.get(name, ICONS["info"])
