from ninja import NinjaAPI

api = NinjaAPI(title="Upheld API", version="1", urls_namespace="api-v1")
