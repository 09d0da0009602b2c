"""What every room of the console shares: the menu, the form base, the write steps, once-only
actions, downloads and the staff marker.
"""
