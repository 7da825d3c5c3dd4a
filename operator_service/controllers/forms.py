"""The HTML forms, with CSRF tokens and validation from flask-wtf."""
from flask import request
from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from werkzeug.datastructures import CombinedMultiDict, MultiDict
from wtforms import BooleanField, PasswordField, RadioField, StringField, SubmitField
from wtforms.fields import FileField as WtformsFileField
from wtforms.validators import DataRequired, EqualTo, Length, Regexp

SUBMIT_METHODS = ("POST", "PUT", "PATCH", "DELETE")


class HtmlForm(FlaskForm):
    """A form filled from a submitted HTML form only, each field from its own kind of data.

    flask-wtf also fills forms from a JSON body, where a field can be a list, a number or null, and
    lets an uploaded file stand for a text field; the string validators can take neither (a 500). No
    page of ours sends JSON to a form, so a JSON body counts as an empty form and gets the usual
    "required" messages, and only file fields read uploaded files.
    """

    class Meta(FlaskForm.Meta):
        def wrap_formdata(self, form, formdata):
            # Our forms are built from the request, or with formdata=None for an empty form.
            if formdata is None or request.method not in SUBMIT_METHODS:
                return None
            if request.is_json:
                return request.form  # empty: flask-wtf would read the JSON, whatever its shape
            # Names as submitted, with the form's prefix ("import-m3u8_file").
            file_fields = {field.name for field in form._fields.values() if isinstance(field, WtformsFileField)}
            files = [(name, upload) for name, upload in request.files.items(multi=True) if name in file_fields]
            text = [(name, value) for name, value in request.form.items(multi=True) if name not in file_fields]
            return CombinedMultiDict((MultiDict(files), MultiDict(text)))


class LoginForm(HtmlForm):
    username = StringField("Username", validators=[DataRequired(), Length(max=32)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=256)])
    submit = SubmitField("Log in")


class SignupForm(HtmlForm):
    username = StringField(
        "Username",
        validators=[
            DataRequired(),
            Regexp(r"^[A-Za-z0-9_.-]{3,32}$", message="Use 3 to 32 letters, digits, dots, dashes or underscores."),
        ],
    )
    password = PasswordField("Password", validators=[DataRequired(), Length(min=8, max=256)])
    confirm = PasswordField("Repeat password", validators=[DataRequired(), EqualTo("password", "Passwords differ.")])
    submit = SubmitField("Sign up")


class PasswordChangeForm(HtmlForm):
    current_password = PasswordField("Current password", validators=[DataRequired(), Length(max=256)])
    new_password = PasswordField("New password", validators=[DataRequired(), Length(min=8, max=256)])
    confirm = PasswordField("Repeat new password",
                            validators=[DataRequired(), EqualTo("new_password", "Passwords differ.")])
    submit = SubmitField("Change password")


class PlaybackForm(HtmlForm):
    data_saver = BooleanField("Data saver: play every song as Opus at 96 kbps (about 43 MB an hour)")
    submit = SubmitField("Save")


class AppearanceForm(HtmlForm):
    theme = RadioField("Theme", default="system",
                       choices=[("system", "Same as this device"), ("light", "Light"), ("dark", "Dark")])
    submit = SubmitField("Save appearance")


class UploadForm(HtmlForm):
    audio_files = MultipleFileField("Audio files", validators=[DataRequired("Choose at least one file.")])
    submit = SubmitField("Upload")


class DeleteForm(HtmlForm):
    """Only a CSRF token: deleting is a POST that a foreign page cannot forge."""

    submit = SubmitField("Delete")


class AppCredentialForm(HtmlForm):
    """A new API key or app password for a listening app."""

    name = StringField("Name (the app or device it is for)", validators=[DataRequired("Give it a name."),
                                                                         Length(max=64)])
    kind = RadioField("Kind", default="api_key", choices=[
        ("api_key", "API key (for apps that support API keys)"),
        ("app_password", "App password (for apps that sign in with a user name and password)"),
    ])
    submit = SubmitField("Create")


class RevokeAppCredentialForm(HtmlForm):
    credential_id = StringField(validators=[DataRequired(), Length(min=24, max=24)])
    submit = SubmitField("Revoke")
