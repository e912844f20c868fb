"""Sign-in and password forms."""

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, HiddenField, PasswordField, SubmitField
from wtforms.validators import DataRequired, Email, EqualTo, Length, ValidationError

from .passwords import password_problem


class LoginForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), Email(), Length(max=254)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=512)])
    remember = BooleanField("Keep me signed in on this device")
    next = HiddenField()
    submit = SubmitField("Sign in")


class NewPasswordForm(FlaskForm):
    """Choose a password (invitation acceptance and password reset)."""

    password = PasswordField(
        "New password",
        validators=[DataRequired(), Length(max=512)],
        description="At least 10 characters; avoid common passwords.",
    )
    confirm = PasswordField(
        "Repeat the new password",
        validators=[DataRequired(), EqualTo("password", message="The two passwords differ.")],
    )
    submit = SubmitField("Set password")

    def __init__(self, *args, email: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self._email = email

    def validate_password(self, field):
        problem = password_problem(field.data or "", self._email)
        if problem:
            raise ValidationError(problem)


class RequestResetForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), Email(), Length(max=254)])
    submit = SubmitField("Send reset link")


class LogoutForm(FlaskForm):
    submit = SubmitField("Sign out")


class EndSessionsForm(FlaskForm):
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
