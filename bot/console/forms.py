"""The console's forms (Flask-WTF: CSRF token on every POST, server-side validation).

Fields and validation only; what happens on submit is in the views.
"""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, DecimalField, PasswordField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from bot.console.takeover import MAX_REPLY_LENGTH, RESOLUTION_REMEDIES


class LoginForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired(), Length(max=64)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=200)])


class ActionForm(FlaskForm):
    """A button that changes something (claim, hand back, sign out): only the CSRF token."""


class ReplyForm(FlaskForm):
    text = TextAreaField("Reply", validators=[DataRequired(), Length(max=MAX_REPLY_LENGTH)])
    by_email = BooleanField("Also send it by email, to the address the customer proved for the order")


class CloseForm(FlaskForm):
    remedy = SelectField("Resolution", choices=[(r, r) for r in RESOLUTION_REMEDIES])
    amount = DecimalField("Amount", places=2, validators=[Optional(), NumberRange(min=0, max=100000)])
    note = TextAreaField("Note", validators=[DataRequired(), Length(max=2000)])


class PrivacyForm(FlaskForm):
    """A customer's data request: whose (the email the company knows them by), and for an erasure,
    the lead's word that the requester's identity was checked."""

    email = StringField("Customer's email", validators=[DataRequired(), Length(max=320)])
    identity_checked = BooleanField("I have checked that the request comes from this customer")


# A policy file is a few kilobytes; anything much bigger is not one.
MAX_POLICY_CHARS = 64_000


class WhatIfForm(FlaskForm):
    """A proposed policy, as the text of a policy file, and from which day on to replay."""

    policy = TextAreaField("Proposed policy (the text of a policy file)",
                           validators=[DataRequired(), Length(max=MAX_POLICY_CHARS)])
    since = DateField("Cases from (optional)", validators=[Optional()])
