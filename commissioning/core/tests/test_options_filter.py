from commissioning.core.templatetags.options import options


def test_each_choice_is_an_option_and_the_chosen_one_is_selected():
    html = options([("", "Any"), (3, "Three"), ("4", "Four")], "3")
    assert (
        html
        == '<option value="">Any</option><option value="3" selected>Three</option><option value="4">Four</option>'
    )


def test_nothing_chosen_selects_the_empty_choice_and_text_is_escaped():
    html = options([("", "Any"), ("x", '<script>alert("x")</script>')], None)
    assert html.startswith('<option value="" selected>Any</option>')
    assert "<script>" not in html and "&lt;script&gt;" in html
