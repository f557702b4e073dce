from pydantic import BaseModel, Field


class Liveness(BaseModel):
    status: str = Field(examples=["ok"])
