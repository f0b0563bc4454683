"""Sharing where the cooperative stands: the assembly PDF, spreadsheet exports, the weekly digest and the WhatsApp text."""
