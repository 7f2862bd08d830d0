"""What survey respondents write, by touchpoint and mood (the comments in surveys.csv).

Why this exists: the room quotes comments next to each touchpoint's scores, so they must
sound like that touchpoint and match the score ("pos", "mid" or "neg"). Templates may
carry a date marker (see vocab.when_ok) so comments follow the stories: praise for the
new mailer box only after it shipped, complaints about App 5.0 only while it was broken.
"""

from __future__ import annotations

COMMENTS = {
    "browsing-the-website": {
        "pos": ["Easy to find what I needed, good filters.", "Loved the trail guides next to the kit.",
                "Product pages are clear, the “what’s in the box” bit is handy.", "Great photos, honest reviews.",
                "Found the right sleeping bag in five minutes."],
        "neg": ["Size guide is confusing, I had no idea which size to pick.", "Site is slow on my phone.",
                "Half the things I wanted were out of stock, again.", "Search for “rain jacket” showed me socks.",
                "Sizes on the site don't match the labels."],
        "mid": ["Fine, but the search could be smarter.", "OK. Too many pop-ups.", "Decent, filters could be better."]},
    "checking-out": {
        "pos": ["Quick checkout, saved card worked first time.", "Apple Pay made it painless.",
                "Really easy, done in a minute.", "[2025-11-01:]The new checkout is so much quicker.",
                "Member price applied automatically, nice."],
        "neg": ["Promo code wouldn't apply, gave up twice.", "Payment failed, then I was charged twice.",
                "Too many steps for a member, why do I re-enter my address?",
                "[:2025-11-01]Checkout took forever, five pages for one pair of socks."],
        "mid": ["Alright, delivery options were a bit confusing.", "Fine once the code worked."]},
    "joining-the-club": {
        "pos": ["Welcome kit arrived two days later, nice touch.", "Free shipping already paid for itself.",
                "Sign-up took a minute, and the “first trip” guide was lovely.", "Great value for what we buy."],
        "neg": ["Still waiting for my welcome kit.", "Charged before I'd even confirmed, not great.",
                "Couldn't tell what the Club actually includes."],
        "mid": ["Good value, we'll see.", "Fine. The welcome email was a bit much."]},
    "receiving-a-shipment": {
        "pos": ["Arrived a day early, well packed.", "[2026-06-15:]The new box is great, nothing moved inside.",
                "Driver left it exactly where I asked.", "Fast, and the packaging is recyclable. Love it.",
                "Came next day, perfect condition.", "[2026-06-15:]Love the new box, no plastic, easy to open.",
                "Arrived in time for our trip, thank you!"],
        "neg": ["Late again, the “guaranteed” date means nothing.", "Box was crushed, the tent pole bag was split.",
                "[2026-02-02:]ParcelPath left it in the rain, outside the gate.", "Took 9 days, I'd paid for express.",
                "Delivered to the wrong house, a neighbor brought it over.",
                "[2026-02-02:2026-06-01]Since you changed courier everything is late.",
                "[:2026-06-15]Flimsy box, the stove was rattling around loose."],
        "mid": ["Arrived, eventually. Packaging fine.", "On time but the box was a bit battered.",
                "OK, the delivery slot was vague."]},
    "tracking-an-order": {
        "pos": ["The “out for delivery” text with a time slot was spot on.", "Easy to follow where it was.",
                "[2026-05-15:]The new shipping emails are really clear.", "Knew exactly when to be home."],
        "neg": ["Tracking said “label created” for 5 days.", "No updates at all until it turned up.",
                "Tracking link went to a page in another language.",
                "[2026-02-02:]ParcelPath tracking number didn't work for three days."],
        "mid": ["Worked, mostly. Updates were slow.", "Fine, a bit vague on the delivery time."]},
    "using-the-app": {
        "pos": ["Club card in the app is handy in store.", "[2026-07-06:]Face ID login works great now.",
                "Trail maps offline, brilliant.", "Easy to check my orders.", "[2026-07-06:]Passkey sign-in, finally!"],
        "neg": ["Logged me out again, can't remember the password.",
                "[2026-04-13:2026-07-20]Since the update I can't sign in at all.",
                "Crashes when I open my orders.", "[2026-04-13:2026-07-20]Version 5 is a mess, I want the old one back."],
        "mid": ["Does the job, a bit cluttered.", "Fine, slow to load sometimes."]},
    "using-the-gear": {
        "pos": ["Best jacket I've owned, dry after 6 hours of rain.", "Tent went up in 5 minutes, solid in wind.",
                "Boots were comfortable straight out of the box.", "Great kit, fair price, would recommend.",
                "The pack carries 15 kg like it's nothing.", "Warm, light, packs tiny. Love it."],
        "neg": ["Zip broke on the second trip.", "[2026-07-20:]Tent pole snapped first time out, “lifetime quality” my foot.",
                "Seams leak, not what I expect at this price.", "Soles wore through in four months."],
        "mid": ["Good, not amazing. Sizing runs small.", "Does what it says, nothing special.",
                "Fine for the price."]},
    "contacting-support": {
        "pos": ["Agent was lovely and sorted it in one call.", "[2026-04-14:]The callback came within 20 minutes, great idea.",
                "Chat was quick and helpful.", "Sorted in one email, thank you.", "Very patient, explained everything."],
        "neg": ["45 minutes on hold, then cut off.", "Three agents, three answers.",
                "Was told “there’s nothing we can do”, really?", "[:2026-04-14]No callback option, so I waited an hour.",
                "Nobody could tell me where my refund is."],
        "mid": ["Got there in the end, took a while.", "Helpful, but the wait was long."]},
    "returning-an-item": {
        "pos": ["Label in the app, dropped it off in 2 minutes.", "[:2026-07-01]Easy return, refund was quick.",
                "[:2026-06-15]No questions asked, refund in three days.", "Printed the label at home, super simple."],
        "neg": ["Still no refund after three weeks.", "[2026-06-01:]They've had my return for 18 days, where's my money?",
                "[2026-05-01:]The label had the old address, the post office sent it back.",
                "Return shows “received”, refund shows nothing.", "[2026-06-01:]Refunds used to be fast, what happened?"],
        "mid": ["Easy to send back, slow to get the money.", "Fine, but no update until the refund landed."]},
    "warranty-repair": {
        "pos": ["Free zip repair, good as new.", "Repair was excellent, worth the wait.", "They replaced it, no fuss."],
        "neg": ["Six weeks for a repair, no updates.", "Claim rejected, it's clearly a manufacturing fault."],
        "mid": ["Repaired fine, took too long."]},
    "renewing-membership": {
        "pos": ["Renewed without thinking, the free repairs alone are worth it.", "Still great value.",
                "Free shipping on everything, of course I renewed."],
        "neg": ["[2025-09-01:]Price went up, free shipping isn't worth $79 to me.", "Charged twice for the renewal.",
                "No reminder before renewing, not happy.", "I barely used it this year."],
        "mid": ["It's fine, I use it a few times a year.", "OK value, the discounts could be bigger."]},
    "cancelling-membership": {
        "pos": ["[2026-06-01:]Cancelled online in a minute, thanks for not making it hard.",
                "Easy, and they offered a pause.", "[2026-06-01:]Two clicks, done. Appreciated."],
        "neg": ["[:2026-06-01]Had to phone to cancel, ridiculous.", "Cancelled but it still shows active.",
                "Too many “are you sure?” screens."],
        "mid": ["Fine. Bit of a hard sell.", "OK, took a couple of tries."]},
}
GENERIC_COMMENTS = {
    "pos": ["Great, thanks!", "Really happy.", "Quick and easy.", "No complaints, well done.", "Spot on."],
    "neg": ["Not good enough.", "Disappointing, expected better from Kestrel.", "Poor, to be honest.",
            "Frustrating experience."],
    "mid": ["It was OK.", "Average.", "Fine, nothing special."],
}
