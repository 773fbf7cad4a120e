"""The colour of each technique category, shared by the charts and the HTML report.

The HTML report's style sheet declares the same colours as CSS variables
(``--call: #4caf50``); a test holds the two equal, so the style sheet stays plain CSS.
"""

from __future__ import annotations

CATEGORY_COLOURS = {
    "Attack on Reputation": "#e4572e",
    "Justification": "#f3a712",
    "Simplification": "#a44a9c",
    "Distraction": "#29a9c4",
    "Call": "#4caf50",
    "Manipulative Wording": "#3f6fd8",
}
OTHER_COLOUR = "#888"  # a label outside the six categories
