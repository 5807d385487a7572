"""Capture a debrief right after an interview, or edit one (`?id=N`)."""

from ui.capture_form import current_target, show_capture_form, show_other_drafts
from ui.setup import setup_page

store = setup_page("New debrief", "📝")
target = current_target(store)
show_other_drafts(store, target.draft_key)
show_capture_form(store, target)
