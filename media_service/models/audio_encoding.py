"""What making a rendition and converting while streaming share: decoding a file's audio, damaged packets
skipped, and encoding it, resampled to stereo for the encoder. No database here: the live converter's
process imports this alone."""
import av


def decoded_frames(container, stream, on_packet=lambda number: None):
    """The audio frames of ``stream``; ``on_packet(number)`` is called before each packet is decoded."""
    for number, packet in enumerate(container.demux(stream)):
        on_packet(number)
        try:
            frames = packet.decode()
        except av.FFmpegError:
            continue  # a damaged packet is skipped, as a player would
        yield from frames


def encode_stereo(frames, encoded, output):
    """Resample ``frames`` for the encoder of ``encoded`` (a stream of ``output``), encode and write them,
    then flush the resampler and the encoder."""
    resampler = av.AudioResampler(format=encoded.format.name, layout="stereo", rate=encoded.codec_context.sample_rate,
                                  frame_size=encoded.codec_context.frame_size or None)
    for frame in frames:
        frame.pts = None  # the resampler and encoder count samples themselves
        for converted in resampler.resample(frame):
            output.mux(encoded.encode(converted))
    for converted in resampler.resample(None):
        output.mux(encoded.encode(converted))
    output.mux(encoded.encode(None))
