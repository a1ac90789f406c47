"""One row of a sorting question: an item and its options, as a named group a screen reader announces.

ipywidgets' ``RadioButtons`` draws bare radio inputs: no group role, no ``name``, and no way to set
either from Python, so a screen-reader user tabbing from radio to radio hears "Fact, radio button" and
never which claim it sorts (WCAG 1.3.1, 4.1.2). This widget (anywidget: a few lines of browser code
sent with the widget, no build step, the same in JupyterLab, Notebook 7 and Voilà) draws a
``<fieldset>`` whose ``<legend>`` is the item's number and text, and inside it one radio per option,
each with its own ``<label>``: entering the group announces the item. Keyboard use is unchanged from
the module's other radio questions: each option is its own Tab stop and Space picks it (the radios
share no ``name``); the arrow keys move to the row's next or previous option and pick it, and are kept
from JupyterLab, which would move between cells with them; picking one clears the others. Everything
shown is set as text (``textContent``), never as HTML.
"""
from __future__ import annotations

import anywidget
import traitlets

_ESM = """
function render({ model, el }) {
  const group = document.createElement("fieldset");
  group.className = "newslit-sortrow";
  const legend = document.createElement("legend");
  const number = document.createElement("strong");
  const text = document.createElement("span");
  legend.append(number, text);
  const choices = document.createElement("div");
  choices.className = "newslit-sortrow-options";
  group.append(legend, choices);
  el.appendChild(group);
  let inputs = [];

  function name() {  // the item's words only: a focused radio keeps its focus while the item is edited
    number.textContent = model.get("number") + ". ";
    text.textContent = model.get("item");
  }
  function draw() {
    name();
    choices.textContent = "";
    const options = model.get("options");
    inputs = options.map(([label, value], index) => {
      const option = document.createElement("label");
      const input = document.createElement("input");
      input.type = "radio";
      input.value = value;
      // no shared name (see the docstring), so say each radio's place in its row: "2 of 7", not "1 of 1"
      input.setAttribute("aria-posinset", String(index + 1));
      input.setAttribute("aria-setsize", String(options.length));
      const words = document.createElement("span");
      words.textContent = label;
      option.append(input, words);
      input.addEventListener("change", () => {
        if (!input.checked) return;
        model.set("value", value);
        model.save_changes();
      });
      choices.appendChild(option);
      return input;
    });
    update();
  }
  function update() {
    const chosen = model.get("value");
    for (const input of inputs) {
      input.checked = input.value === chosen;
      input.disabled = model.get("disabled");
    }
  }
  // The arrow keys move to the row's next or previous option and pick it, as in any radio group, and go
  // no further: JupyterLab would otherwise take them to move between cells and jump down the page.
  const STEPS = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };
  choices.addEventListener("keydown", (event) => {
    const at = inputs.indexOf(event.target);
    if (!(event.key in STEPS) || at < 0 || event.altKey || event.ctrlKey || event.metaKey) return;
    event.preventDefault();
    event.stopPropagation();
    if (model.get("disabled")) return;
    const next = inputs[(at + STEPS[event.key] + inputs.length) % inputs.length];
    next.focus();
    next.checked = true;
    next.dispatchEvent(new Event("change"));
  });
  model.on("change:value", update);
  model.on("change:disabled", update);
  model.on("change:options", draw);
  model.on("change:item", name);
  model.on("change:number", name);
  draw();
  return () => {
    model.off("change:value", update);
    model.off("change:disabled", update);
    model.off("change:options", draw);
    model.off("change:item", name);
    model.off("change:number", name);
  };
}
export default { render };
"""

_CSS = """
.newslit-sortrow { border: 0; margin: .6em 0 0 0; padding: 0; min-width: 0; }
.newslit-sortrow legend { padding: 0; margin: 0 0 .2em 0; line-height: 1.35; white-space: normal; }
.newslit-sortrow-options { display: flex; flex-wrap: wrap; row-gap: .15em; }
.newslit-sortrow-options label {
  display: flex; align-items: flex-start; margin: 0 1.4em 0 0; padding: .15em 0; line-height: 1.35;
  white-space: normal; cursor: pointer;
}
.newslit-sortrow-options input {
  flex: none; width: 1.05em; height: 1.05em; margin: .17em .5em 0 1px; cursor: pointer;
}
.newslit-sortrow-options input:focus-visible { outline: 2px solid #1a5fb4; outline-offset: 2px; }
"""


class SortRow(anywidget.AnyWidget):
    """An item (``number``, ``item``) and its options (``[(label, value), …]``); ``value`` is the chosen
    option's value, or None."""

    _esm = _ESM
    _css = _CSS
    number = traitlets.Int(1).tag(sync=True)
    item = traitlets.Unicode("").tag(sync=True)
    options = traitlets.List(traitlets.Tuple(traitlets.Unicode(), traitlets.Unicode())).tag(sync=True)
    value = traitlets.Unicode(None, allow_none=True).tag(sync=True)
    disabled = traitlets.Bool(False).tag(sync=True)

    @traitlets.validate("value")
    def _known_option(self, proposal):
        value = proposal["value"]
        if value is not None and value not in {v for _label, v in self.options}:
            raise traitlets.TraitError(f"{value!r} is not one of this row's options")
        return value
