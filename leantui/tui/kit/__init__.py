"""The TUI kit every module builds its screens from (CONTRIBUTING.md, "The TUI kit").

- screens.Context, ModuleScreen: a module screen is made with the database and settings.
- keys.Verb, bindings(): a screen's keys and palette verbs, declared once; live_keys()
  for the footer, `?` and the palette; keymap_problems() checks a [keymap].
- bars.TitleBar, KeyBar: the title line (with who is acting) and the key line.
- dialogs.Dialog, AskText, Confirm: modal boxes with their own key bar and `?`.
- forms.Field, FormScreen, Choice: declarative forms, service errors at the field.
- lists.ListColumn, ListDialog: list dialogs on a DataTable; ListTable: a module
  screen's own list of the same ListColumns.
- palette.VerbCommands, Palette: the command palette of the screen you are on.
- help.HelpScreen: `?`.
"""
