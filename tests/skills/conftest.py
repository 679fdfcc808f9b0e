from tests.skills.pathway_fixtures import employer, programme, world  # noqa: F401
