"""The forms of the playlist pages, with CSRF tokens and validation from flask-wtf."""
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, HiddenField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from common.playlist_contract import DESCRIPTION_LENGTH, NAME_LENGTH
from operator_service.controllers.forms import HtmlForm
from operator_service.template_helpers.formatting import request_key


class PlaylistForm(HtmlForm):
    name = StringField("Name", validators=[DataRequired("Give the playlist a name."), Length(max=NAME_LENGTH)])
    description = TextAreaField("Description", validators=[Optional(), Length(max=DESCRIPTION_LENGTH)])
    public = BooleanField("Public: anyone logged in who has the link can open and play it")
    # Kept when the form comes back with an error, so that sending it again creates one playlist.
    request_key = HiddenField(default=request_key)
    submit = SubmitField("Save")


class ImportForm(HtmlForm):
    m3u8_file = FileField("M3U8 file", validators=[FileRequired("Choose an .m3u8 or .m3u file.")])
    name = StringField("Name (optional)", validators=[Optional(), Length(max=NAME_LENGTH)])
    submit = SubmitField("Import")
