"""The customer journey: its touchpoints and the people who own them (touchpoints.csv).

Why this exists: touchpoint ids are the keys that issues, KPIs and surveys are filed
under, and the owners named here are the people actions.csv assigns work to, so both
tables are defined once and imported by the modules that need them.
"""

from __future__ import annotations

from .writers import write_csv

PEOPLE = {
    "priya": "Priya Natarajan, Head of Fulfillment",
    "tomas": "Tomás Herrera, Packaging & Warehouse Lead",
    "mei": "Mei Lin Chow, Product Manager, Mobile App",
    "daniel": "Daniel Okafor, Head of Customer Care",
    "sofia": "Sofia Lindqvist, Returns Operations Manager",
    "grace": "Grace Whitfield, Finance Operations Lead",
    "marcus": "Marcus Bell, E-commerce Director",
    "hannah": "Hannah Adeyemi, CRM & Email Manager",
    "olivia": "Olivia Grant, Head of Membership",
    "ravi": "Ravi Menon, Carrier Partnerships Manager",
    "jonas": "Jonas Weber, Quality & Product Safety Lead",
}

TOUCHPOINTS = [
    # id, name, stage, owner, priority, image
    ("browsing-the-website", "Browsing the website", "Discover", "marcus", 2, ""),
    ("marketing-emails", "Marketing emails", "Discover", "hannah", 3, ""),
    ("checking-out", "Checking out", "Buy", "marcus", 1, ""),
    ("joining-the-club", "Joining the Kestrel Club", "Buy", "olivia", 2, ""),
    ("receiving-a-shipment", "Receiving a shipment", "Receive", "priya", 1, "mailer-box.svg"),
    ("tracking-an-order", "Tracking an order", "Receive", "ravi", 2, "delivery-email.svg"),
    ("using-the-app", "Using the app", "Use", "mei", 1, "app-login.svg"),
    ("using-the-gear", "Using the gear", "Use", "jonas", 2, ""),
    ("contacting-support", "Contacting support", "Get help", "daniel", 1, ""),
    ("returning-an-item", "Returning an item", "Get help", "sofia", 1, "returns-label.svg"),
    ("warranty-repair", "Warranty and repair", "Get help", "jonas", 3, ""),
    ("renewing-membership", "Renewing membership", "Renew or leave", "olivia", 1, "renewal-letter.svg"),
    ("cancelling-membership", "Cancelling membership", "Renew or leave", "olivia", 2, ""),
]


def write_touchpoints() -> None:
    """Write touchpoints.csv: the journey map, in stage order, with each owner's full title."""
    rows = [[i, n, s, PEOPLE[o], p, img] for i, n, s, o, p, img in TOUCHPOINTS]
    write_csv("touchpoints.csv", ["id", "name", "stage", "owner", "priority", "image"], rows)
