"""The built book on a phone: Debian's Chromium, driven by Playwright, opens every page of the 2024
edition 390 px wide (the width of a common phone) and checks that no page scrolls sideways, that a
wide table scrolls inside its own frame with its first column kept in view and its caption and source
outside the frame, and that the charts are drawn large enough to be read.

It reads the copy of the session's book (fixture ``book_copy``), as the accessibility audit does.
Where Chromium is absent, the tests are skipped with the reason printed (fixture ``browser``).
"""

from __future__ import annotations

import pytest

from .axe_audit import audited_pages, served

PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def site(book_copy):
    with served(book_copy) as base_url:
        yield base_url


@pytest.fixture(scope="module")
def phone(browser):
    context = browser.new_context(viewport=PHONE, device_scale_factor=1, locale="fr-FR", is_mobile=True)
    tab = context.new_page()
    yield tab
    context.close()


WIDTHS = """() => ({
  html: document.documentElement.scrollWidth,
  body: document.body.scrollWidth,
  ids: [...document.querySelectorAll('[id]')].map(e => e.id)
    .filter((id, i, all) => all.indexOf(id) !== i),
})"""


def test_no_page_scrolls_sideways_on_a_phone(phone, site, book_copy):
    pages = audited_pages(book_copy)
    assert len(pages) >= 44
    wide, duplicated = [], []
    for path in pages:
        phone.goto(f"{site}/{path}", wait_until="load")
        measured = phone.evaluate(WIDTHS)
        if measured["html"] > PHONE["width"] or measured["body"] > PHONE["width"]:
            wide.append(f"{path} : {measured['html']} px (body {measured['body']} px)")
        if measured["ids"]:
            duplicated.append(f"{path} : {sorted(set(measured['ids']))}")
    assert wide == [], "Pages plus larges que l'écran d'un téléphone (390 px) :\n" + "\n".join(wide)
    # The tables' captions are named by id (aria-labelledby): an id is unique on its page.
    assert duplicated == [], "Identifiants en double :\n" + "\n".join(duplicated)


def test_a_wide_table_scrolls_inside_its_frame(phone, site):
    phone.goto(f"{site}/notebooks/actions/action_14.html", wait_until="load")
    table = phone.locator("table.lda-table", has=phone.locator("th", has_text="Valeur")).first
    frame = table.locator("xpath=..")
    assert frame.get_attribute("class") == "lda-table-scroll"
    # The caption and the source are outside the frame that scrolls.
    block = frame.locator("xpath=..")
    assert block.locator(":scope > p.lda-caption").count() == 1
    caption_id = block.locator(":scope > p.lda-caption").get_attribute("id")
    assert table.get_attribute("aria-labelledby") == caption_id == frame.get_attribute("aria-labelledby")
    value = table.locator("thead th", has_text="Valeur")
    frame_box, value_box = frame.bounding_box(), value.bounding_box()
    # « Valeur » is beyond the frame's right edge at first: the table is wider than the screen.
    assert value_box["x"] + value_box["width"] > frame_box["x"] + frame_box["width"]
    row_header = table.locator("tbody th[scope='row']").first
    label_before = row_header.bounding_box()
    # Scrolling the table (not the page) brings « Valeur » into view; the first column stays.
    frame.evaluate("frame => { frame.scrollLeft = frame.scrollWidth; }")
    assert phone.evaluate("window.scrollX") == 0
    value_box, label_after = value.bounding_box(), row_header.bounding_box()
    assert (
        frame_box["x"] <= value_box["x"]
        and value_box["x"] + value_box["width"] <= frame_box["x"] + frame_box["width"] + 1
    )
    assert abs(label_after["x"] - label_before["x"]) < 1
    # What the row says: the figure « 37 » of the households followed, in the row's « Valeur » cell.
    cells = table.locator("tbody tr", has_text="Ménages accompagnés").first.inner_text()
    assert "37" in cells


def test_the_chart_values_are_large_enough_on_a_phone(phone, site):
    """A chart's value labels are at least 7 px high on the phone's screen (they were 3 to 4 px when
    charts were pictures 1 180 px wide shrunk to the screen)."""
    phone.goto(f"{site}/notebooks/acces_logement_social.html", wait_until="load")
    image = phone.locator(".lda-chart img").first
    image.scroll_into_view_if_needed()
    shown = image.bounding_box()["width"]
    natural = image.evaluate("img => img.naturalWidth")
    assert shown <= PHONE["width"]
    assert image.get_attribute("src").endswith(".svg")
    # In the SVG, sizes are in points; the chart's width in points against its width on screen.
    from lda_analysis.blocks.charts import VALUE_SIZE

    scale = shown / natural
    assert VALUE_SIZE * 96 / 72 * scale >= 7, (VALUE_SIZE, natural, shown)
