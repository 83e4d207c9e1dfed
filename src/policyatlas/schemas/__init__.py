"""The public shapes of PolicyAtlas's answers (pydantic): what the views return, the API declares and the
CLI prints as ``--json``. Field names are a contract: add fields freely, never rename or drop one."""
