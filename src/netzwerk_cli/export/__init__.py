"""Exports: contact lists, e-mail distribution lists and the published page.

``selection`` decides *who* is exported (and privacy, once for every format); ``formats`` is
the table from format name to the module that writes it – one module per format (``table``,
``vcard``, ``ldif``, ``mailto``, ``address_lines``, ``html``). The meetings have their own:
``meeting_facts`` (what the formats say about a meeting), ``ics`` (calendar), ``eml`` (e-mail
drafts, also for other drafts), ``invitation`` and ``aushang`` (the info-wall sheet).
"""
