import itertools
from functools import partial
from pathlib import Path

import click
import numpy as np
import torch.multiprocessing as mp
from iohub import open_ome_zarr


def echo_headline(text: str) -> None:
    click.echo(click.style(text, fg="green"))


def apply_inverse_to_zyx_and_save(
    func,
    position,
    output_path: Path,
    input_channel_indices: list[int],
    output_channel_indices: list[int],
    t_idx: int = 0,
    **kwargs,
) -> None:
    """Load a zyx array from a Position object, apply a transformation and save the result to file"""
    czyx_data = position.data.oindex[t_idx, input_channel_indices]
    reconstruction_czyx = func(czyx_data, **kwargs)
    with open_ome_zarr(output_path, mode="r+") as output_dataset:
        output_dataset[0].oindex[t_idx, output_channel_indices] = reconstruction_czyx


def phase(czyx_data, recon_dim, transfer_function_dataset):
    return np.asarray(czyx_data, dtype=np.float32) * float(transfer_function_dataset.zattrs.get("scale", 1.0))


def apply_inverse_transfer_function_single_position(
    input_position_dirpath: Path,
    transfer_function_dirpath: Path,
    output_position_dirpath: Path,
    num_processes,
    output_channel_names: list[str],
) -> None:
    echo_headline("\nStarting reconstruction...")

    # Load datasets (tensorstore-backed: starts its internal C++ thread pools)
    transfer_function_dataset = open_ome_zarr(transfer_function_dirpath)
    input_dataset = open_ome_zarr(input_position_dirpath)
    output_dataset = open_ome_zarr(output_position_dirpath, mode="r+")

    input_channel_indices = [0]
    output_channel_indices = [output_dataset.channel_names.index(n) for n in output_channel_names]
    time_indices = range(input_dataset.data.shape[0])

    # Make the partial function for apply inverse
    partial_apply_inverse_to_zyx_and_save = partial(
        apply_inverse_to_zyx_and_save,
        phase,
        input_dataset,
        output_position_dirpath,
        input_channel_indices,
        output_channel_indices,
        recon_dim=3,
        transfer_function_dataset=transfer_function_dataset,
    )

    # Multiprocessing logic
    if num_processes > 1:
        # Loop through T, processing and writing as we go
        click.echo(f"\nStarting multiprocess pool with {num_processes} processes")
        with mp.Pool(num_processes) as p:
            p.starmap(
                partial_apply_inverse_to_zyx_and_save,
                itertools.product(time_indices),
            )
    else:
        for t_idx in time_indices:
            partial_apply_inverse_to_zyx_and_save(t_idx)

    echo_headline(f"Closing {output_position_dirpath}\n")
    output_dataset.close()
    transfer_function_dataset.close()
    input_dataset.close()


if __name__ == "__main__":
    apply_inverse_transfer_function_single_position(
        Path("input.zarr/A/1/0"), Path("tf.zarr"), Path("output.zarr/A/1/0"), 8, ["Phase3D"]
    )
