"""placeholder"""

from .routes import RouteTable

routes = RouteTable()
