"""placeholder"""

from .routes import RouteTable

routes = RouteTable()


def seed_jobs(world: object, project_id: str, studio: object) -> None:
    pass
