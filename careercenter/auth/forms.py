"""Sign-in and password forms."""

from wtforms import BooleanField, EmailField, HiddenField, PasswordField, SubmitField
from wtforms.validators import DataRequired, Email, EqualTo, Length, ValidationError

from ..formcheck import WebForm
from .passwords import password_problem


class LoginForm(WebForm):
    email = EmailField("Email", validators=[DataRequired(), Email(), Length(max=254)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=512)])
    remember = BooleanField("Keep me signed in on this device")
    next = HiddenField()
    submit = SubmitField("Sign in")


class NewPasswordForm(WebForm):
    """Choose a password (invitation acceptance and password reset)."""

    password = PasswordField(
        "New password",
        validators=[DataRequired(), Length(max=512)],
        # Lets password managers offer a strong one (NIST: let people use them and paste).
        render_kw={"autocomplete": "new-password"},
        description=(
            "At least 15 characters, any you like. A passphrase of three or four unrelated "
            "words is easy to remember and hard to guess."
        ),
    )
    confirm = PasswordField(
        "Repeat the new password",
        validators=[DataRequired(), EqualTo("password", message="The two passwords differ.")],
        render_kw={"autocomplete": "new-password"},
    )
    submit = SubmitField("Set password")

    def __init__(self, *args, user=None, institutions=(), **kwargs):
        """Check the password against `user`'s name and email and their `institutions`."""
        super().__init__(*args, **kwargs)
        self._user = user
        self._institutions = [part for i in institutions for part in (i.name, i.slug)]

    def validate_password(self, field):
        problem = password_problem(
            field.data or "",
            getattr(self._user, "email", ""),
            name=getattr(self._user, "name", ""),
            institutions=self._institutions,
        )
        if problem:
            raise ValidationError(problem)


class RequestResetForm(WebForm):
    email = EmailField("Email", validators=[DataRequired(), Email(), Length(max=254)])
    submit = SubmitField("Send reset link")


class LogoutForm(WebForm):
    submit = SubmitField("Sign out")


class InvitationAnswerForm(WebForm):
    """Accept or decline an institution's invitation (signed in as the invited account)."""

    accept = SubmitField("Accept")
    decline = SubmitField("Decline")


class EndSessionsForm(WebForm):
    """Sign out another device, or everywhere (CSRF only)."""

    submit = SubmitField("Sign out")


class ChangePasswordForm(NewPasswordForm):
    """Change a known password from the account page."""

    current = PasswordField(
        "Current password",
        validators=[DataRequired(), Length(max=512)],
        render_kw={"autocomplete": "current-password"},
    )
    submit = SubmitField("Change password")
