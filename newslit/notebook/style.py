"""The module's stylesheet for its widgets: questions and panels that work at school-laptop sizes.

ipywidgets draws radio buttons and check boxes at a fixed height with one line of text, and puts a
text box's description beside the box at a fixed width: long options then print over the next option
(and hide its circle), and long labels squash their boxes (``tests/browser/geometry.py`` measures it).
This stylesheet, scoped to the module's own boxes (``newslit-question``, ``newslit-panel``), lets
options wrap inside their own row, puts long labels above their boxes, writes answers in the page's
own font (not the code font JupyterLab gives text boxes) and keeps every control clear of the text
around it. It travels inside each question's prompt (an ``HTML`` widget), so it works in
JupyterLab, Notebook 7 and Voilà alike, and with a cell run on its own; a ``<style>`` element is not a
script, and nothing here depends on the student's input.
"""
from __future__ import annotations

import ipywidgets as widgets

SCOPES = (".newslit-question", ".newslit-panel")

_RULES = """
{s} .widget-radio-box label, {s} .jupyter-widget-radio-box label {{
  height: auto; min-height: var(--jp-widgets-radio-item-height, 24px); line-height: 1.35;
  display: flex; align-items: flex-start; white-space: normal; padding: .15em 0; cursor: pointer;
}}
{s} .widget-radio-box input, {s} .jupyter-widget-radio-box input {{
  float: none; flex: none; order: -1; width: 1.05em; height: 1.05em; margin: .17em .5em 0 1px; line-height: normal;
}}
{s} .widget-radio-box-horizontal, {s} .jupyter-widget-radio-box-horizontal {{
  flex-wrap: wrap; row-gap: .15em;
}}
{s} .widget-radio-box-horizontal label, {s} .jupyter-widget-radio-box-horizontal label {{
  margin: 0 1.4em 0 0;
}}
{s} .widget-radio, {s} .jupyter-widget-radio {{ height: auto; }}
{s} .widget-checkbox, {s} .jupyter-widget-checkbox {{
  height: auto; line-height: 1.35; width: 100%; margin: .1em 0;
}}
{s} .widget-checkbox label, {s} .jupyter-widget-checkbox label {{
  display: flex; align-items: flex-start; white-space: normal; overflow: visible; text-overflow: clip;
  height: auto; line-height: 1.35; cursor: pointer;
}}
{s} .widget-checkbox input[type='checkbox'], {s} .jupyter-widget-checkbox input[type='checkbox'] {{
  flex: none; order: -1; align-self: flex-start; width: 1.05em; height: 1.05em; margin: .17em .5em 0 1px;
}}
{s} .widget-text, {s} .jupyter-widget-text, {s} .widget-textarea, {s} .jupyter-widget-textarea {{
  flex-direction: column; align-items: stretch; height: auto; max-width: 100%;
}}
{s} .widget-text > .widget-label, {s} .jupyter-widget-text > .jupyter-widget-label,
{s} .widget-textarea > .widget-label, {s} .jupyter-widget-textarea > .jupyter-widget-label {{
  width: auto !important; max-width: 100%; text-align: left; margin: .35em 0 .15em 0;
}}
{s} .widget-label, {s} .jupyter-widget-label, {s} .widget-label-basic, {s} .jupyter-widget-label-basic {{
  white-space: normal; overflow: visible; text-overflow: clip; height: auto; line-height: 1.35;
}}
{s} input[type='text'], {s} input[type='number'], {s} textarea {{ width: 100%; max-width: 100%; }}
{s} input[type='text'], {s} textarea {{ font-family: var(--jp-ui-font-family, system-ui, sans-serif); }}
{s} .widget-hslider, {s} .jupyter-widget-hslider {{ flex-wrap: wrap; height: auto; max-width: 100%; }}
{s} .widget-hslider > .widget-label, {s} .jupyter-widget-hslider > .jupyter-widget-label {{
  width: auto !important; text-align: left;
}}
{s} .widget-button, {s} .jupyter-button {{ height: auto; min-height: 28px; white-space: normal; }}
{s} :focus-visible {{ outline: 2px solid #1a5fb4; outline-offset: 2px; }}
"""

CSS = "".join(_RULES.format(s=scope) for scope in SCOPES)


def style_tag() -> str:
    """The stylesheet as one ``<style>`` element, to put at the start of a widget's HTML."""
    return f"<style>{CSS}</style>"


def full_width(max_width: str = "52em") -> widgets.Layout:
    """A new layout as wide as the cell, up to a line length that stays readable.

    A new one each time: widgets that share one ``Layout`` share its every trait, so hiding one (``display``
    ``none``) would hide them all."""
    return widgets.Layout(width="100%", max_width=max_width)
