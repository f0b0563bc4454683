"""The bin («Papelera»): what was deleted stays there, restorable, until the retention period purges it."""
