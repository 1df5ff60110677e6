"""Which language a customer writes in (offline detection; nothing is downloaded at run time)."""
