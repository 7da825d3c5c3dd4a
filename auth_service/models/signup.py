"""Who may create an account: the sign-up mode an admin chooses, and one-time invites.

- ``open``: anyone;
- ``invite``: only with an invite, a one-time link that expires and that an admin can revoke;
- ``closed``: nobody; admins add accounts.

The mode is kept in the database, so every replica agrees at once; SIGNUP only gives its first value.
"""
import secrets
from datetime import datetime, timedelta, timezone

from flask import current_app
from pymongo import ReturnDocument

from auth_service.extensions import mongo

MODES = ("open", "invite", "closed")
INVITE_DAYS = (1, 7, 30)


class InviteRefused(Exception):
    """The invite is unknown, used, revoked or expired; the message says which, for the person signing up."""


def mode():
    document = mongo.db.settings.find_one({"_id": "signup"})
    configured = current_app.config["SIGNUP"]
    return document["mode"] if document else (configured if configured in MODES else "open")


def set_mode(new_mode):
    if new_mode not in MODES:
        raise ValueError(f"The sign-up mode must be one of {', '.join(MODES)}.")
    mongo.durable_db.settings.update_one({"_id": "signup"}, {"$set": {"mode": new_mode}}, upsert=True)


def create_invite(created_by, days):
    if days not in INVITE_DAYS:
        raise ValueError(f"An invite lasts {', '.join(map(str, INVITE_DAYS))} days.")
    now = datetime.now(timezone.utc)
    invite = {"_id": secrets.token_urlsafe(18), "created_by": created_by, "created_at": now,
              "expires_at": now + timedelta(days=days), "used_by": None, "revoked": False}
    mongo.durable_db.invites.insert_one(invite)
    return invite


def revoke_invite(code):
    return mongo.durable_db.invites.find_one_and_update(
        {"_id": code, "used_by": None}, {"$set": {"revoked": True}}, return_document=ReturnDocument.AFTER)


def open_invites():
    now = datetime.now(timezone.utc)
    return list(mongo.db.invites.find({"used_by": None, "revoked": False, "expires_at": {"$gt": now}})
                .sort("created_at", -1).limit(100))


def use_invite(code, username):
    """Take the invite for ``username`` at once, so that two sign-ups cannot both use it."""
    if not isinstance(code, str) or not code:
        raise InviteRefused("Sign-up needs an invite on this server; ask an admin for one.")
    now = datetime.now(timezone.utc)
    taken = mongo.durable_db.invites.find_one_and_update(
        {"_id": code, "used_by": None, "revoked": False, "expires_at": {"$gt": now}},
        {"$set": {"used_by": username, "used_at": now}})
    if taken is None:
        raise InviteRefused("This invite is not valid any more: it was used, revoked or has expired.")


def give_back_invite(code):
    """The sign-up that took it failed (the name was taken): the invite may be used again."""
    mongo.durable_db.invites.update_one({"_id": code}, {"$set": {"used_by": None}, "$unset": {"used_at": ""}})
