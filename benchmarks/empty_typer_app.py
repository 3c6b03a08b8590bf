"""The baseline for start-up: an empty Typer app with one command that prints."""

import typer

app = typer.Typer()


@app.command()
def main() -> None:
    print("nichts")


if __name__ == "__main__":
    app()
