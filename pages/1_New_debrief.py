"""Capture a debrief right after an interview, or edit one (`?id=N`)."""

from ui.capture_form import current_target, show_capture_form, show_other_drafts
from ui.setup import setup_page

store = setup_page("New debrief", "📝")
show_other_drafts(store, current_target().draft_key)
show_capture_form(store)
