"""placeholder"""

from .routes import RouteTable

routes = RouteTable()


def seed_deployments(world: object, project_id: str) -> None:
    pass
