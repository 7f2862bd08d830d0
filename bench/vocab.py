"""Word lists for the synthetic benchmark rooms (see rooms.py).

Kept apart from the generator so that rooms.py stays about the numbers. The lists are
big enough for the largest room: 20 problems x 50 subjects = 1,000 distinct issue
categories, 60 touchpoints over the six journey stages of the demo's room.toml.
"""

STAGES = ["Discover", "Buy", "Receive", "Use", "Get help", "Renew or leave"]

PROBLEMS = ["Late", "Missing", "Damaged", "Wrong", "Delayed", "Duplicate", "Incorrect", "Failed",
            "Slow", "Unclear", "Cancelled", "Lost", "Broken", "Overcharged", "Confusing", "Expired",
            "Blocked", "Unanswered", "Faulty", "Partial"]

SUBJECTS = ["delivery", "refund", "invoice", "parcel", "order confirmation", "password reset",
            "login", "payment", "return label", "warranty claim", "gift card", "promo code",
            "size exchange", "tracking update", "subscription renewal", "membership card",
            "app update", "store pickup", "callback", "chat reply", "email reply", "loyalty points",
            "price match", "product manual", "repair quote", "replacement part", "account merge",
            "address change", "invoice copy", "cancellation", "survey link", "newsletter",
            "checkout page", "search results", "product photo", "stock alert", "delivery slot",
            "courier visit", "installation visit", "bank transfer", "card payment", "direct debit",
            "voucher", "pre-order", "backorder", "bundle offer", "trade-in", "rental return",
            "spare battery", "charging cable"]

# What customers write, with {s} for the category's subject.
PHRASES = [
    "My {s} is still not sorted after two weeks.",
    "Third time I am writing about the {s}. Nobody answers.",
    "The {s} was wrong again, please fix it.",
    "Can someone call me about my {s}? The chat keeps closing.",
    "I waited 40 minutes on the phone about the {s}.",
    "Why does the {s} take so long? I was promised three days.",
    "The app says the {s} is done but it is not.",
    "Very disappointed with the {s}, I am thinking of leaving.",
    "Your website gives me an error on the {s} page.",
    "Thanks for the quick answer, but the {s} problem is back.",
    "Hello, I have a question about my {s}, order 4471.",
    "Is there any update on the {s}? It has been a month.",
]

TOUCHPOINTS = {
    "Discover": ["Seeing an ad", "Browsing the website", "Searching for a product", "Reading reviews",
                 "Marketing emails", "Social media", "Comparing prices", "Visiting a store",
                 "Asking a friend", "Reading the catalogue"],
    "Buy": ["Checking out", "Paying by card", "Applying a promo code", "Joining the club",
            "Choosing delivery", "Ordering by phone", "Buying in store", "Getting a quote",
            "Financing a purchase", "Order confirmation"],
    "Receive": ["Receiving a shipment", "Tracking an order", "Delivery to a pickup point", "Unboxing",
                "Receiving the invoice", "Rescheduling delivery", "Click and collect",
                "Installation visit", "Receiving a partial order", "Delivery notifications"],
    "Use": ["Using the app", "Using the gear", "Setting up the product", "Reading the manual",
            "Logging in", "Updating the app", "Managing the account", "Earning loyalty points",
            "Using a gift card", "Joining an event"],
    "Get help": ["Contacting support", "Returning an item", "Warranty and repair", "Live chat",
                 "Phone support", "Exchanging a size", "Getting a refund", "Help centre articles",
                 "Complaining on social media", "Store service desk"],
    "Renew or leave": ["Renewing membership", "Cancelling membership", "Receiving a win-back offer",
                       "Updating payment details", "Renewal reminders", "Pausing membership",
                       "Closing the account", "Exit survey", "Reactivating an account",
                       "Upgrading the plan"],
}

# Artifact images of the demo room (copied into every generated room).
IMAGES = ["mailer-box.svg", "delivery-email.svg", "app-login.svg", "returns-label.svg",
          "renewal-letter.svg"]

PEOPLE = ["Priya Natarajan, Head of Fulfillment", "Ravi Menon, Carrier Partnerships Manager",
          "Marcus Bell, E-commerce Director", "Hannah Adeyemi, CRM & Email Manager",
          "Olivia Grant, Head of Membership", "Mei Lin Chow, Product Manager, Mobile App",
          "Jonas Weber, Quality & Product Safety Lead", "Daniel Okafor, Head of Customer Care",
          "Sofia Lindqvist, Returns Operations Manager", "Tomás Herrera, Packaging & Warehouse Lead",
          "Aisha Rahman, Customer Insights Manager", "Ben Carter, Head of CX Operations",
          "Elena Marsh, Chief Customer Officer", "Kwame Mensah, Billing Operations Lead",
          "Lucía Ortega, Store Experience Manager", "Noah Fischer, Payments Product Owner",
          "Yuki Tanaka, Digital Self-Service Lead", "Grace O'Connor, Social Care Team Lead"]

# (name, unit, better, target); a touchpoint gets 2-3 of these. All have a target: a KPI
# whose latest reading has none stopped the build when this was written (see README).
KPIS = [("On-time rate", "%", "higher", 95.0), ("Error rate", "%", "lower", 2.0),
        ("Average response time", "s", "lower", 120.0), ("Completion rate", "%", "higher", 80.0),
        ("Processing time", "days", "lower", 3.0), ("First-time success", "%", "higher", 90.0),
        ("Abandon rate", "%", "lower", 5.0), ("Done within 24 h", "%", "higher", 97.0),
        ("Page load time (p75)", "s", "lower", 2.5), ("Self-service share", "%", "higher", 60.0)]

SEGMENTS = ["Members", "Occasional", "Business"]
LOSS_REASONS = ["Price", "Delivery problems", "Product quality", "Moved to competitor",
                "Poor support", "No longer needed", "Returns and refunds", "Other"]
SAVE_REASONS = ["Retention discount", "Replacement sent", "Membership paused", "Issue fixed",
                "Free upgrade", "Personal call"]
CHANNELS = ["email", "phone", "chat", "web form", "social"]
SEVERITIES = ["low", "medium", "high"]
SURVEY_COMMENTS = ["Quick and easy.", "Took far too long.", "Friendly staff.",
                   "Could not find what I needed.", "Great, thanks!", "The app crashed twice.",
                   "Delivery was late again.", "Better than last time."]
ACTION_VERBS = ["Root-cause review of", "Weekly report on", "New script for", "Automate",
                "Fix the form for", "Train agents on", "Supplier meeting about", "Redesign",
                "Add tracking to", "Proactive email about"]
ACTION_STATUSES = ["planned", "doing", "done", "blocked"]
