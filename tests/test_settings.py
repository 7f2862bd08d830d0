"""room.toml: typed settings, every problem listed, unknown keys named with a suggestion."""

from __future__ import annotations

import pytest

from customer_room.errors import ConfigError
from customer_room.load.settings import Settings, load_settings, settings_reference


def test_absent_room_toml_gives_defaults(tmp_path):
    assert load_settings(tmp_path) == Settings()


def test_values_are_typed(tmp_path):
    (tmp_path / "room.toml").write_text(
        'name = "Acme"\nopening_balance = 120\namber_band = 10\n[periods]\nissues = "month"\n')
    s = load_settings(tmp_path)
    assert (s.name, s.opening_balance, s.amber_band, s.periods.issues) == ("Acme", 120, 10.0, "month")


@pytest.mark.parametrize("text, message", [
    ('nmae = "x"', "room.toml: unknown setting 'nmae' (did you mean 'name'?)"),
    ('[periods]\nisues = "week"', "room.toml: unknown setting 'periods.isues' (did you mean 'periods.issues'?)"),
    ('opening_balance = "many"', "room.toml: 'opening_balance' must be a whole number, not 'many'"),
    ('[periods]\nissues = "fortnight"', "room.toml: 'periods.issues' is 'fortnight' (expected one of day, week, month, quarter)"),
    ('stages = "Buy"', "room.toml: 'stages' must be a list of names, e.g. [\"Buy\", \"Use\"]"),
    ('[colors]\nprimary = "navy"', "room.toml: 'colors.primary' must be a colour like \"#1d3557\""),
    ('name = "unclosed', "room.toml: is not valid TOML"),
    ('base_url = "javascript:alert(document.cookie)"', "room.toml: 'base_url' must be a web address starting with "
     "https:// or http://, not 'javascript:alert(document.cookie)' (posters print it as text and a QR code)"),
    ('base_url = "data:text/html,x"', "room.toml: 'base_url' must be a web address starting with https:// or "
     "http://, not 'data:text/html,x'"),
    ('base_url = "intranet/room"', "room.toml: 'base_url' must be a web address starting with https:// or http://"),
    ('base_url = "https://x/\\" onload=\\"y"', "room.toml: 'base_url' must be a web address"),
    ('currency = "dollars!!!"', "room.toml: 'currency' is 10 characters long; at most 8 are allowed"),
    ('logo = "' + "a" * 300 + '"', "room.toml: 'logo' is 300 characters long; at most 200 are allowed"),
    ('max_pages = 0', "room.toml: 'max_pages' must be 1 or more"),
    ('follow_up_hours = 0', "room.toml: 'follow_up_hours' must be more than 0 and at most 8,760 hours (a year)"),
    ('follow_up_hours = "two days"', "room.toml: 'follow_up_hours' must be a number, not 'two days'"),
])
def test_bad_settings_are_named(tmp_path, text, message):
    (tmp_path / "room.toml").write_text(text)
    with pytest.raises(ConfigError) as err:
        load_settings(tmp_path)
    assert str(err.value).startswith(message)


def test_the_follow_up_target_is_hours_and_defaults_to_48(tmp_path):
    assert load_settings(tmp_path).follow_up_hours == 48.0
    (tmp_path / "room.toml").write_text("follow_up_hours = 24\n")
    assert load_settings(tmp_path).follow_up_hours == 24.0


def test_an_intranet_address_is_accepted(tmp_path):
    (tmp_path / "room.toml").write_text('base_url = "https://intranet.example.com/customer-room/"\n')
    assert load_settings(tmp_path).base_url == "https://intranet.example.com/customer-room/"


def test_all_problems_are_listed_together(tmp_path):
    (tmp_path / "room.toml").write_text('nmae = "x"\nmin_responses = 0\n[periods]\nweeks = "x"\n')
    with pytest.raises(ConfigError) as err:
        load_settings(tmp_path)
    assert len(err.value.problems) == 2  # unknown keys first; range checks follow once types are right


def test_every_setting_is_documented_in_the_reference():
    from conftest import REPO

    reference = (REPO / "docs" / "reference" / "settings.md").read_text(encoding="utf-8")
    missing = [key for key, _, _ in settings_reference() if f"`{key}`" not in reference]
    assert missing == []


@pytest.mark.parametrize("colour, ratio", [("#000000", 21.0), ("#ffffff", 1.0), ("#1d3557", 12.36)])
def test_contrast_ratio(colour, ratio):
    from customer_room.load.settings import contrast_ratio

    assert contrast_ratio(colour) == pytest.approx(ratio, abs=0.05)


def test_pale_brand_colour_is_a_warning_not_an_error(room_factory):
    from customer_room.load import load_room

    room = room_factory({"room.toml": '[colors]\nprimary = "#ffcc00"\n',
                         "data/customers.csv": "date,customer_id,event\n2026-01-01,C1,acquired\n2026-01-09,C1,lost\n"})
    warnings = [str(w) for w in load_room(room).warnings]
    assert warnings == ["room.toml: 'colors.primary' #ffcc00 has a contrast of 1.5:1 with white; it may be hard "
                        "to see (pick a darker colour (4.5:1 or more))"]


def test_every_mapping_option_is_documented_in_the_guide():
    from conftest import REPO
    from customer_room.load.mapping import mapping_reference

    guide = (REPO / "docs" / "guide" / "mapping-exports.md").read_text(encoding="utf-8")
    assert [key for key, _ in mapping_reference() if f"| `{key}` |" not in guide] == []
