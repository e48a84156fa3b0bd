"""Driving pages with the keyboard alone, and judging the focus indicator of every control reached.

A focus indicator counts as visible when the focused control has an outline at least
2px wide, or a box-shadow ring, whose colour has at least 3:1 contrast with the
background behind the control (WCAG 2.2, 1.4.11 non-text contrast and 2.4.7).
"""

from __future__ import annotations

# What document.activeElement is, and how its focus indicator looks.
FOCUS_INFO = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return {tag: 'BODY'};
  const parse = c => {
    const m = c.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return null;
    const p = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number);
    return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1};
  };
  const channel = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
  const lum = c => 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
  const contrast = (a, b) => {
    const x = lum(a), y = lum(b);
    return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
  };
  let background = {r: 255, g: 255, b: 255, a: 1};
  for (let node = el.parentElement; node; node = node.parentElement) {
    const c = parse(getComputedStyle(node).backgroundColor);
    if (c && c.a > 0.5) { background = c; break; }
  }
  const style = getComputedStyle(el);
  const rings = [];
  if (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2) rings.push(parse(style.outlineColor));
  if (style.boxShadow && style.boxShadow !== 'none') {
    for (const m of style.boxShadow.matchAll(/rgba?\\([^)]+\\)/g)) rings.push(parse(m[0]));
  }
  const best = Math.max(0, ...rings.filter(Boolean).map(c => contrast(c, background)));
  const radios = el.type === 'radio' ? [...document.getElementsByName(el.name)] : [];
  return {
    tag: el.tagName, type: el.type || '', name: el.name || '', value: el.value || '',
    action: el.tagName === 'BUTTON' ? el.value : '', text: (el.innerText || el.value || '').trim().slice(0, 60),
    index: radios.indexOf(el), checked: !!el.checked, indicator_contrast: Math.round(best * 100) / 100,
  };
}"""
MIN_INDICATOR_CONTRAST = 3.0


class Keyboard:
    """Tab/Shift+Tab to move, Space/Enter to act, arrow keys inside a radio group (as the platform expects)."""

    def __init__(self, page):
        self.page = page
        self.reached: list[dict] = []  # every control focus landed on, for the focus-visibility check

    def tab(self) -> dict:
        self.page.keyboard.press("Tab")
        info = self.page.evaluate(FOCUS_INFO)
        if info["tag"] != "BODY":
            self.reached.append(info)
        return info

    def tab_until(self, wanted, *, limit: int = 120) -> dict:
        for _ in range(limit):
            info = self.tab()
            if wanted(info):
                return info
        raise AssertionError(f"Tab never reached the control wanted (last: {self.reached[-1:]})")

    def choose_radio(self, name: str, value: str) -> None:
        """Tab into the group, then Space on the wanted option or arrow keys down to it."""
        info = self.tab_until(lambda i: i["type"] == "radio" and i["name"] == name)
        values = self.page.eval_on_selector_all(f"input[name='{name}']", "els => els.map(e => e.value)")
        steps = values.index(value) - info["index"]
        if steps == 0:
            self.page.keyboard.press("Space")
        for _ in range(abs(steps)):
            self.page.keyboard.press("ArrowDown" if steps > 0 else "ArrowUp")
        checked = self.page.eval_on_selector_all(f"input[name='{name}']:checked", "els => els.map(e => e.value)")
        assert checked == [value], (name, checked)

    def type_into(self, name: str, text: str) -> None:
        self.tab_until(lambda i: i["name"] == name and i["tag"] in ("INPUT", "TEXTAREA"))
        self.page.keyboard.type(text)

    def press_button(self, wanted) -> None:
        """Tab to a button and press Enter, waiting for the page it submits to."""
        self.tab_until(lambda i: i["tag"] == "BUTTON" and wanted(i))
        with self.page.expect_navigation():
            self.page.keyboard.press("Enter")

    def weak_indicators(self) -> list[str]:
        """Controls whose focus indicator is missing or too faint, as 'TAG name/text (contrast)'."""
        return [
            f"{i['tag']} {i['name'] or i['text']!r} ({i['indicator_contrast']}:1)"
            for i in self.reached
            if i["indicator_contrast"] < MIN_INDICATOR_CONTRAST
        ]
