"""Multi-workspace installs: slack_sdk's async SQLAlchemy stores, tokens encrypted at rest.

slack_sdk ships `AsyncSQLAlchemyInstallationStore` and `AsyncSQLAlchemyOAuthStateStore`;
we use them on the app's own engine with tables declared in `storage/tables.py` (so
Alembic creates them; token columns are `Text` because ciphertext is longer than the
200 characters slack_sdk's own tables allow). Tokens are Fernet-encrypted on the way in
and decrypted on the way out. `INROADS_ENCRYPTION_KEY` may hold several comma-separated
keys: the first encrypts, all decrypt (`MultiFernet`), so keys can be rotated.

Token rotation (refresh tokens) is handled by bolt's authorize step, which saves the
refreshed bot through `async_save_bot` — encrypted here like any other save.
"""

from __future__ import annotations

import contextvars
import copy
import logging
from collections.abc import Awaitable, Callable

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from slack_sdk.oauth.installation_store.models.bot import Bot
from slack_sdk.oauth.installation_store.models.installation import Installation
from slack_sdk.oauth.installation_store.sqlalchemy import AsyncSQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import AsyncSQLAlchemyOAuthStateStore
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.settings import SettingsError
from adapters.slack.deps import SlackSettings
from storage import tables

log = logging.getLogger(__name__)

BOT_SCOPES = (
    "commands",
    "chat:write",
    "chat:write.public",  # round announcements in a public channel the bot hasn't joined
    "im:write",
    "im:history",  # after a crash: was an in-flight reminder already posted? (slack/history.py)
    "mpim:write",
    "mpim:history",  # the same for a match introduction, in the pair's group DM
    "users:read",
    "files:write",
    "files:read",  # `contact import`: files people drop into the bot's DM (slack/uploads.py)
)
INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"
STATE_EXPIRY_SECONDS = 600
#: Refresh rotating tokens this many minutes before they expire.
ROTATION_MARGIN_MINUTES = 120

_BOT_FIELDS = ("bot_token", "bot_refresh_token")
_INSTALL_FIELDS = (*_BOT_FIELDS, "user_token", "user_refresh_token")
_inside_save: contextvars.ContextVar[bool] = contextvars.ContextVar("inside_save", default=False)


def cipher_from(settings: SlackSettings) -> MultiFernet:
    """The token cipher; refuses to go on without a usable key (a clear one-line reason)."""
    if settings.encryption_key is None:
        raise SettingsError(
            "SLACK_CLIENT_ID/SLACK_CLIENT_SECRET enable multi-workspace installs, which store "
            "tokens encrypted: set INROADS_ENCRYPTION_KEY (create one with: python -c "
            '"from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())").'
        )
    try:
        keys = [Fernet(k.strip()) for k in settings.encryption_key.get_secret_value().split(",")]
    except ValueError:
        raise SettingsError(
            "Setting INROADS_ENCRYPTION_KEY is invalid: it must be a Fernet key "
            "(32 url-safe base64-encoded bytes), or several separated by commas."
        ) from None
    return MultiFernet(keys)


class EncryptedInstallationStore(AsyncSQLAlchemyInstallationStore):
    """slack_sdk's async SQL store on our tables, with tokens encrypted at rest."""

    def __init__(
        self,
        client_id: str,
        engine: AsyncEngine,
        cipher: MultiFernet,
        on_save: Callable[[str], Awaitable[None]] | None = None,
    ) -> None:
        super().__init__(client_id=client_id, engine=engine, logger=log)
        self.metadata = tables.metadata
        self.bots = tables.slack_bots
        self.installations = tables.slack_installations
        self.cipher = cipher
        self.on_save = on_save

    def _encrypt(self, value: str | None) -> str | None:
        return None if value is None else self.cipher.encrypt(value.encode()).decode()

    def _decrypt(self, value: str | None) -> str | None:
        if value is None:
            return None
        try:
            return self.cipher.decrypt(value.encode()).decode()
        except InvalidToken:
            if value.startswith("xox"):  # already plain (decrypted earlier in this lookup)
                return value
            log.error("a stored Slack token cannot be decrypted with INROADS_ENCRYPTION_KEY")
            return None

    def _transform(self, item: object, names: tuple[str, ...], fn: Callable[..., object]) -> None:
        for name in names:
            setattr(item, name, fn(getattr(item, name, None)))

    async def async_save(self, installation: Installation) -> None:
        stored = copy.copy(installation)
        self._transform(stored, _INSTALL_FIELDS, self._encrypt)
        marker = _inside_save.set(True)
        try:
            await super().async_save(stored)  # also saves the bot (already encrypted)
        finally:
            _inside_save.reset(marker)
        if self.on_save and installation.team_id:
            await self.on_save(installation.team_id)

    async def async_save_bot(self, bot: Bot) -> None:
        if not _inside_save.get():
            bot = copy.copy(bot)
            self._transform(bot, _BOT_FIELDS, self._encrypt)
        await super().async_save_bot(bot)

    async def async_find_bot(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        is_enterprise_install: bool | None = False,
    ) -> Bot | None:
        bot = await super().async_find_bot(
            enterprise_id=enterprise_id,
            team_id=team_id,
            is_enterprise_install=is_enterprise_install,
        )
        if bot is not None:
            self._transform(bot, _BOT_FIELDS, self._decrypt)
        return bot

    async def async_find_installation(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None = None,
        is_enterprise_install: bool | None = False,
    ) -> Installation | None:
        found = await super().async_find_installation(
            enterprise_id=enterprise_id,
            team_id=team_id,
            user_id=user_id,
            is_enterprise_install=is_enterprise_install,
        )
        if found is not None:
            self._transform(found, _INSTALL_FIELDS, self._decrypt)
        return found

    async def delete_workspace(self, team_id: str, enterprise_id: str | None = None) -> None:
        """Remove every token of a workspace (bot and users)."""
        await self.async_delete_bot(enterprise_id=enterprise_id, team_id=team_id)
        await self.async_delete_installation(enterprise_id=enterprise_id, team_id=team_id)

    async def bot_token(self, team_id: str) -> str | None:
        bot = await self.async_find_bot(enterprise_id=None, team_id=team_id)
        return None if bot is None else bot.bot_token


class TableStateStore(AsyncSQLAlchemyOAuthStateStore):
    """slack_sdk's OAuth state store on the migrated `slack_oauth_states` table."""

    def __init__(self, engine: AsyncEngine) -> None:
        super().__init__(expiration_seconds=STATE_EXPIRY_SECONDS, engine=engine, logger=log)
        self.metadata = tables.metadata
        self.oauth_states = tables.slack_oauth_states


def oauth_settings(
    settings: SlackSettings, store: EncryptedInstallationStore, engine: AsyncEngine
) -> AsyncOAuthSettings:
    assert settings.slack_client_id
    assert settings.slack_client_secret
    return AsyncOAuthSettings(
        client_id=settings.slack_client_id,
        client_secret=settings.slack_client_secret.get_secret_value(),
        scopes=list(BOT_SCOPES),
        installation_store=store,
        installation_store_bot_only=True,
        state_store=TableStateStore(engine),
        install_path=INSTALL_PATH,
        redirect_uri_path=REDIRECT_PATH,
        token_rotation_expiration_minutes=ROTATION_MARGIN_MINUTES,
    )
