"""People's mediation screens: the new-case form, the case view and its step dialogs."""
