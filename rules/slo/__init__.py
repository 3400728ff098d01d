"""SLO: OpenSLO objects, and the SLAs they measure."""
